/**
 * Platform plumbing shared by every flow: embedded infrastructure for the local profile and tests,
 * health indicators, start-up warnings, the named daemon threads every background job runs on ({@link
 * no.kommune.esb.platform.Traader}). No flow logic lives here.
 */
package no.kommune.esb.platform;
