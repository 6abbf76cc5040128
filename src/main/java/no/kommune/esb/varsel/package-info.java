/**
 * Channels for service messages outside SvarUt: {@link no.kommune.esb.varsel.SmsClient} talks to an SMS gateway's
 * JSON API, {@link no.kommune.esb.varsel.EpostSender} sends e-mail over SMTP. The only code that knows the gateway's
 * field names and SMTP. Phone numbers and e-mail addresses come from KRR for one dispatch: they are passed in,
 * never kept, and never appear in a log line or an exception message.
 */
package no.kommune.esb.varsel;
