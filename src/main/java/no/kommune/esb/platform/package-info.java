/**
 * Platform plumbing shared by every flow: embedded infrastructure for the local profile and tests,
 * health indicators, start-up warnings. No flow logic lives here.
 */
package no.kommune.esb.platform;
