package no.kommune.esb.forsendelse;

/** Which KRR contact channels a service message may use; the contact data itself is never part of a decision. */
public enum Varslingskanal { SMS, EPOST }
