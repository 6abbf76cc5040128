package no.kommune.esb.simulator.nhn;

/** A WCF {@code GenericFault} to answer as a SOAP 1.2 Sender fault, as in NHN's example answers. */
class NhnSoapFault extends RuntimeException {

    private final String errorCode;

    NhnSoapFault(String errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    String errorCode() {
        return errorCode;
    }
}
