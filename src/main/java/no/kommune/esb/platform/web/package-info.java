/**
 * HTTP answers written before or outside any route: problem documents (RFC 9457, {@code application/problem+json})
 * for refused logins and scopes, for multipart bodies the web server refuses (limits, no boundary, cut short) and for
 * the servlet container's error page; and {@link no.kommune.esb.platform.web.Rutesvar}, which the API beans that set their
 * own status answer through. They never carry a stack trace, an exception's class or message, or anything from the request.
 */
package no.kommune.esb.platform.web;
