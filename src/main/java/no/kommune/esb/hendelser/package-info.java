/**
 * Register events to fagsystems: the feed reader (position, ETag, 429, 406 → resync alarm), fagsystem
 * registrations, data minimisation and delivery bookkeeping per (sequence number, fagsystem).
 */
package no.kommune.esb.hendelser;
