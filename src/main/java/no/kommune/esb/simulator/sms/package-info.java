/**
 * Simulated SMS gateway under {@code /sim/sms/v1/messages}, the generic JSON API {@code varsel.SmsClient} speaks:
 * bearer API key, {@code Idempotency-Key} (a repeated key answers 200 with the first message and sends nothing),
 * delivery reports that move from ACCEPTED to DELIVERED, errors as {@code {"error","message"}}, and fault injection
 * (service {@code sms}, endpoints {@code send} and {@code status}) including an answer lost after the message was
 * taken. It records every message it took; tests and developers read them at {@code /sim/admin/sms}.
 */
package no.kommune.esb.simulator.sms;
