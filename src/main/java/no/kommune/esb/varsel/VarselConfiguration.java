package no.kommune.esb.varsel;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds {@link SmsClient} when {@code varsel.sms.base-url} is set and {@link EpostSender} when {@code varsel.epost.host}
 * is set (an empty value counts as not set, so production can leave a channel out with an empty variable).
 */
@Configuration
@EnableConfigurationProperties({SmsProperties.class, EpostProperties.class})
public class VarselConfiguration {

    @Bean
    @ConditionalOnExpression("!'${varsel.sms.base-url:}'.isBlank()")
    public SmsClient smsClient(SmsProperties properties) {
        return new SmsClient(properties);
    }

    @Bean
    @ConditionalOnExpression("!'${varsel.epost.host:}'.isBlank()")
    public EpostSender epostSender(EpostProperties properties) {
        return new EpostSender(properties);
    }
}
