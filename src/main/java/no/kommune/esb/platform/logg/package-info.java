/**
 * The log's last guard against personal data: {@code logback-spring.xml} writes every log line's message and exception
 * through {@link no.kommune.esb.platform.logg.MaskertMelding} and {@link no.kommune.esb.platform.logg.MaskertUnntak},
 * which leave exceptions' messages out (class names and frames stay; {@link no.kommune.esb.platform.logg.Unntaksmelding},
 * {@link no.kommune.esb.platform.logg.FastOrdlyd} for the platform's fixed wording) and mask identity numbers
 * ({@link no.kommune.esb.model.Identitetsnummer#maskIn}), so a message that a library put in its line (Camel's error
 * handler's "caught: …", Tomcat's "Servlet.service() … threw exception") carries no name, address, phone number, e-mail
 * or identity number. The flows log what they write themselves without messages ({@code Feilaarsak.spor}); this is the
 * safety net for text they do not write (docs/security.md).
 */
package no.kommune.esb.platform.logg;
