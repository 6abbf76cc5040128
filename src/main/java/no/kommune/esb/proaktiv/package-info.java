/**
 * Proactive services: triggers ({@code config/proaktiv/<name>.yaml}) that turn register events into letters without
 * anyone asking (a birth → the helsestasjon's offer to the parents, a move into the kommune → a welcome letter).
 * A matching event becomes a letter handed to the existing letter intake, once per (trigger, person); every rule of
 * the letter flow applies unchanged. See docs/proaktiv.md.
 */
package no.kommune.esb.proaktiv;
