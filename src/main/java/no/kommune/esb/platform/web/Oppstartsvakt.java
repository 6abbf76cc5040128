package no.kommune.esb.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Answers {@code /api/**} with 503 and {@code Retry-After} until the application is ready. The web server accepts
 * connections seconds before Camel has started the REST routes (measured: 8 s on a loaded host); without this a
 * fagsystem handing in a letter then got 404, which it must take as final, and the letter was never handed in again
 * (found by the reliability scenario R1, docs/reliability.md). A 503 is what a client retries.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class Oppstartsvakt extends OncePerRequestFilter {

    /** Seconds a client is told to wait before it tries again. */
    static final String RETRY_AFTER_SEKUNDER = "5";

    private volatile boolean klar;

    @EventListener(ApplicationReadyEvent.class)
    public void klar() {
        klar = true;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return klar || !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Retry-After", RETRY_AFTER_SEKUNDER);
        Problemsvar.skriv(response, 503, "starter", "Plattformen starter",
                "Plattformen starter og tar ikke imot kall ennå; prøv igjen om " + RETRY_AFTER_SEKUNDER + " sekunder");
    }
}
