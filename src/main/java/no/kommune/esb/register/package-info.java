/** What every register client shares: typed call failures and the HTTP plumbing with timeouts. No register's field names. */
package no.kommune.esb.register;
