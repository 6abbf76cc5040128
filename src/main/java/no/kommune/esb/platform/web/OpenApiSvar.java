package no.kommune.esb.platform.web;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.openapi.OpenApiRestApiProcessorFactory;
import org.apache.camel.spi.RestApiProcessorFactory;
import org.apache.camel.spi.RestConfiguration;
import org.apache.camel.support.processor.DelegateProcessor;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * The OpenAPI document ({@code GET /api/openapi.json}) as Camel's openapi module writes it, answered on a message emptied
 * of the request's headers, as {@link Rutesvar} does for the API beans. Camel's processor writes the document onto the
 * request's own exchange, and platform-http sent every header left there back: the caller's {@code Authorization} (its
 * bearer token), the {@code X-Esb-Fagsystem} the security filter set, and any header the caller sent. Camel takes the one
 * {@link RestApiProcessorFactory} in the registry before looking on the classpath, so this bean replaces the module's
 * own factory and wraps its processor.
 */
@Component
public class OpenApiSvar implements RestApiProcessorFactory {

    private final RestApiProcessorFactory openApi = new OpenApiRestApiProcessorFactory();

    @Override
    public Processor createApiProcessor(CamelContext camelContext, String contextPath, RestConfiguration configuration,
                                        Map<String, Object> parameters) throws Exception {
        return new DelegateProcessor(openApi.createApiProcessor(camelContext, contextPath, configuration, parameters)) {
            @Override
            public void process(Exchange exchange) throws Exception {
                super.process(exchange);
                Message m = exchange.getMessage();
                Object type = m.getHeader(Exchange.CONTENT_TYPE);
                Object status = m.getHeader(Exchange.HTTP_RESPONSE_CODE);
                m.removeHeaders("*");
                if (type != null) {
                    m.setHeader(Exchange.CONTENT_TYPE, type);
                }
                if (status != null) {
                    m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
                }
            }
        };
    }
}
