package no.kommune.esb.konsoll;

import jakarta.servlet.http.HttpServletRequest;
import no.kommune.esb.platform.security.SecurityConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The console's own filter chain, beside the API's (which stays bearer tokens and certificates only, no session): the
 * integration team logs in with the browser at the same identity provider (OAuth2 authorization code with PKCE,
 * client registration {@value #REGISTRERING}), keeps a session, and every form carries a CSRF token. Only a login
 * whose token has scope {@value SecurityConfiguration#ADMIN} gets in; a token or client certificate is not looked at.
 */
@Configuration
public class KonsollSikkerhet {

    /** The client registration under {@code spring.security.oauth2.client.registration}. */
    public static final String REGISTRERING = "konsoll";
    static final String INNLOGGING = "/konsoll/oauth2/authorization";

    @Bean
    @Order(0)
    public SecurityFilterChain konsoll(HttpSecurity http, ClientRegistrationRepository registreringer) throws Exception {
        DefaultOAuth2AuthorizationRequestResolver pkce = new DefaultOAuth2AuthorizationRequestResolver(registreringer, INNLOGGING);
        pkce.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        http.securityMatcher("/konsoll", "/konsoll/**")
                .authorizeHttpRequests(a -> {
                    a.requestMatchers("/konsoll/konsoll.css", "/konsoll/konsoll.js").permitAll();
                    a.anyRequest().hasAuthority("SCOPE_" + SecurityConfiguration.ADMIN);
                })
                .oauth2Login(o -> o.loginPage(INNLOGGING + "/" + REGISTRERING)
                        .authorizationEndpoint(e -> e.baseUri(INNLOGGING).authorizationRequestResolver(kjenteRegistreringer(pkce, registreringer)))
                        .redirectionEndpoint(r -> r.baseUri("/konsoll/login/oauth2/code/*"))
                        .defaultSuccessUrl("/konsoll", false))
                .logout(l -> l.logoutUrl("/konsoll/logg-ut").logoutSuccessUrl("/konsoll"))
                .headers(h -> h.referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                        .contentSecurityPolicy(c -> c.policyDirectives("default-src 'self'; img-src 'self' data:; frame-ancestors 'none'")));
        return http.build();
    }

    /**
     * {@code resolver} for the client registrations the platform has; a login path naming another one is no login path
     * (null: the chain goes on, a visitor is sent to the login, the logged-in team gets 404). Spring's resolver throws for
     * it, and its redirect filter answers every failure with 500 and logs a WARN with the stack trace: a 500 anyone could
     * ask for without logging in.
     */
    static OAuth2AuthorizationRequestResolver kjenteRegistreringer(OAuth2AuthorizationRequestResolver resolver, ClientRegistrationRepository registreringer) {
        RequestMatcher innlogging = PathPatternRequestMatcher.withDefaults().matcher(INNLOGGING + "/{registrationId}");
        return new OAuth2AuthorizationRequestResolver() {
            @Override
            public OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
                RequestMatcher.MatchResult treff = innlogging.matcher(request);
                return treff.isMatch() && ukjent(treff.getVariables().get("registrationId")) ? null : resolver.resolve(request);
            }

            @Override
            public OAuth2AuthorizationRequest resolve(HttpServletRequest request, String registrationId) {
                return registrationId != null && ukjent(registrationId) ? null : resolver.resolve(request, registrationId);
            }

            private boolean ukjent(String registrationId) {
                return registreringer.findByRegistrationId(registrationId) == null;
            }
        };
    }
}
