package no.kommune.esb.platform.security;

import jakarta.servlet.DispatcherType;
import no.kommune.esb.platform.web.Kroppsgrense;
import no.kommune.esb.platform.web.Problemsvar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.PathPatternRequestMatcherBuilderFactoryBean;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.util.unit.DataSize;

/**
 * The API is for registered fagsystems and the integration team only:
 * <ul>
 *   <li>{@code /api/forsendelser/**}: scope {@value #FORSENDELSE} (a fagsystem's own letters) or {@value #ADMIN};
 *       the same for {@code /api/openapi.json}, the API's description, for {@code /api/oppslag/**} and {@code /api/vask},
 *       where the caller's fagsystem registration decides what it may see (docs/oppslag.md), and for
 *       {@code /api/uttrekk/**}, a fagsystem's own extracts (docs/uttrekk.md);</li>
 *   <li>every other {@code /api/**} and {@code /actuator/metrics}: scope {@value #ADMIN} (the integration team);</li>
 *   <li>health and Prometheus open for load balancers and scrapers; {@code /sim/**} has its own chain when the simulators run;</li>
 *   <li>everything else refused.</li>
 * </ul>
 * Callers prove who they are with a bearer token — a JWT from the identity provider at
 * {@code platform.security.jwk-set-uri}, with issuer {@code platform.security.issuer} — or, on the mutual-TLS port
 * ({@code platform.security.mtls.*}, {@link MtlsConfiguration}), with a registered client certificate
 * ({@link ClientCertificateFilter}). Both give the same scopes and the same {@link FagsystemFilter} headers; a token
 * wins when a request has both. Refused requests are logged without the token.
 */
@Configuration
public class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    /** Scope for submitting and reading a fagsystem's own letters. */
    public static final String FORSENDELSE = "esb:forsendelse";
    /** Scope of the integration team: manual queue, dead letters, replay, fagsystem operations, diagnostics. */
    public static final String ADMIN = "esb:admin";

    /**
     * The simulators (local profile only) check their own credentials (Maskinporten tokens, Basic, SvarUt's
     * integration password): the platform's token check must not look at their Authorization headers.
     */
    @Bean
    @Order(1)
    @ConditionalOnProperty(name = "simulator.enabled", havingValue = "true")
    public SecurityFilterChain simulators(HttpSecurity http) throws Exception {
        http.securityMatcher("/sim/**")
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> a.anyRequest().permitAll());
        return http.build();
    }

    @Bean
    @Order(2)
    public SecurityFilterChain api(HttpSecurity http, ClientCertificates clientCertificates,
                                   @Value("${forsendelse.bunke.maks-storrelse:50MB}") DataSize maksBunke,
                                   @Value("${vask.maks-storrelse:25MB}") DataSize maksVask,
                                   @Value("${platform.api.maks-kropp:1MB}") DataSize maksKropp) throws Exception {
        http.csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> {
                    // error pages of requests already let through (their status and problem body stay intact)
                    a.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll();
                    a.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus").permitAll();
                    a.requestMatchers("/api/forsendelser", "/api/forsendelser/**", "/api/oppslag/**", "/api/vask", "/api/uttrekk", "/api/uttrekk/**", "/api/openapi.json").hasAnyAuthority("SCOPE_" + FORSENDELSE, "SCOPE_" + ADMIN);
                    a.requestMatchers("/api/**", "/actuator/**").hasAuthority("SCOPE_" + ADMIN);
                    a.anyRequest().denyAll();
                })
                .oauth2ResourceServer(o -> o.jwt(Customizer.withDefaults()).authenticationEntryPoint(loggedEntryPoint()))
                .exceptionHandling(e -> e.accessDeniedHandler(loggedAccessDenied()))
                .addFilterAfter(new ClientCertificateFilter(clientCertificates), BearerTokenAuthenticationFilter.class)
                .addFilterAfter(new FagsystemFilter(), ClientCertificateFilter.class)
                // after authentication (an anonymous caller gets 401 unread), before any route reads the body
                .addFilterAfter(new Kroppsgrense(maksBunke, maksVask, maksKropp), FagsystemFilter.class);
        return http.build();
    }

    /**
     * 401 as Spring Security answers it (status and WWW-Authenticate), with a problem document as body, plus a WARN line
     * with method and path (identity numbers masked, no token).
     */
    private static AuthenticationEntryPoint loggedEntryPoint() {
        BearerTokenAuthenticationEntryPoint delegate = new BearerTokenAuthenticationEntryPoint();
        return (request, response, e) -> {
            log.warn("API request refused (401, not authenticated): {} {}", request.getMethod(), masked(request.getRequestURI()));
            delegate.commence(request, response, e);
            Problemsvar.skriv(response, response.getStatus(), "ikke-autentisert", "Unauthorized",
                    "a valid bearer token from the identity provider, or a registered client certificate on the mTLS port, is required");
        };
    }

    /**
     * 403 as Spring Security answers it (status and WWW-Authenticate), with a problem document as body, plus a WARN line
     * naming the calling fagsystem (token or certificate).
     */
    private static AccessDeniedHandler loggedAccessDenied() {
        BearerTokenAccessDeniedHandler delegate = new BearerTokenAccessDeniedHandler();
        return (request, response, e) -> {
            String caller = FagsystemFilter.caller(request.getUserPrincipal());
            log.warn("API request refused (403, scope missing): {} {} by {}", request.getMethod(), masked(request.getRequestURI()),
                    caller == null ? "-" : caller);
            delegate.handle(request, response, e);
            Problemsvar.skriv(response, 403, "ingen-tilgang", "Forbidden", "the caller's scope does not allow this request");
        };
    }

    /** Paths may carry an identity number (a portfolio registration): keep the first six digits only. */
    static String masked(String path) {
        return path == null ? "" : path.replaceAll("(\\d{6})\\d{5}", "$1*****");
    }

    /**
     * Every {@code requestMatchers("/…")} and {@code securityMatcher("/…")} of the platform's chains (this class and
     * the console's) as a plain path pattern, Spring Security 7's default: Spring Security 6 otherwise builds MVC
     * matchers, which ask Spring MVC's handler mappings which handler a request would reach — a whole handler look-up
     * per request on top of the DispatcherServlet's own (docs/benchmarks.md, "Session 13"). The patterns are the same
     * {@code PathPattern}s Spring MVC matches with, and every path the chains name is served by the one
     * DispatcherServlet at "/" (Camel's REST DSL runs on platform-http inside it), so what is allowed is unchanged;
     * {@code ApiTilgangsmatriseEndToEndTest} holds every endpoint against every caller.
     */
    @Bean
    static PathPatternRequestMatcherBuilderFactoryBean requestMatcherBuilder() {
        return new PathPatternRequestMatcherBuilderFactoryBean();
    }

    /** See {@link UtenHandlerMappingIntrospectorCache}: with path-pattern matchers the per-request look-up is waste. */
    @Bean
    static UtenHandlerMappingIntrospectorCache utenHandlerMappingIntrospectorCache() {
        return new UtenHandlerMappingIntrospectorCache();
    }

    /** The default firewall's rules, checked without regular expressions ({@link Brannmur}). */
    @Bean
    public HttpFirewall httpFirewall() {
        return Brannmur.streng();
    }

    /**
     * No Micrometer observation per security filter, authentication and authorization: profiled at ~16 % of a look-up's
     * CPU on the request thread (docs/benchmarks.md, "Where the time goes"), and nothing reads those metrics; requests
     * are still timed by Spring's {@code http.server.requests} and refusals logged by the handlers above.
     */
    @Bean
    public SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Validates signature (JWKS), expiry, issuer and audience; the JWKS is fetched at the first request and cached. The
     * signature of a token is checked once (up to 10,000 tokens kept), the claims on every call ({@link GjenbruktJwtDecoder}).
     * The audience ({@code platform.security.audience}): a token the identity provider issued for another API of the
     * municipality, with the right issuer and signature, is not a token for this one (401). Blank = not checked, for an
     * identity provider that puts no {@code aud} in client-credentials tokens; the platform warns at start-up then.
     */
    @Bean
    public JwtDecoder jwtDecoder(@Value("${platform.security.jwk-set-uri}") String jwkSetUri, @Value("${platform.security.issuer}") String issuer,
                                 @Value("${platform.security.audience:}") String audience) {
        NimbusJwtDecoder signatur = NimbusJwtDecoder.withJwkSetUri(jwkSetUri).build();
        signatur.setJwtValidator(jwt -> OAuth2TokenValidatorResult.success());
        return new GjenbruktJwtDecoder(signatur, tokenValidator(issuer, audience), 10_000);
    }

    /** Expiry and issuer, and the audience when one is configured (the token's {@code aud} must hold it). */
    static org.springframework.security.oauth2.core.OAuth2TokenValidator<org.springframework.security.oauth2.jwt.Jwt> tokenValidator(String issuer, String audience) {
        var standard = JwtValidators.createDefaultWithIssuer(issuer);
        if (audience == null || audience.isBlank()) {
            log.warn("platform.security.audience is not set: API tokens are accepted whatever their audience (aud)");
            return standard;
        }
        return new org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator<>(standard,
                new org.springframework.security.oauth2.jwt.JwtClaimValidator<java.util.List<String>>("aud", aud -> aud != null && aud.contains(audience)));
    }
}
