/**
 * Letter dispatch (forsendelser): the pure rules that decide, for one letter, who receives it (fan-out to the
 * holders of parental responsibility for a letter about a child), by which channel (digital, print, SMS/e-mail,
 * manual handling, stop), to which postal address written as SvarUt v2 {@code mottaker} lines, and what evidence
 * to keep. Implements "Rules for letters" 1–8 of DOMAIN.md; the decision table is in docs/forsendelse.md.
 * No Spring, no Camel, no I/O: the flow looks the registers up and passes the answers in.
 */
package no.kommune.esb.forsendelse;
