/**
 * The log's last guard against identity numbers: {@code logback-spring.xml} writes every log line's message and
 * exception text through {@link no.kommune.esb.model.Identitetsnummer#maskIn}, the same rule the flows mask their own
 * text with, so an identity number that a library put in a message (Camel's file component names the remote file in its
 * exceptions) is masked like {@code 010190*****}. The flows mask what they log themselves; this is the safety net for
 * text they do not write (docs/security.md).
 */
package no.kommune.esb.platform.logg;
