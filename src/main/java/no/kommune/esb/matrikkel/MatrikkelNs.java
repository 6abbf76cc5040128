package no.kommune.esb.matrikkel;

/** The matrikkelAPI v1 XML namespaces (from the WSDLs and XSDs); shared by the client and the simulator. */
public final class MatrikkelNs {

    private static final String BASE = "http://matrikkel.statkart.no/matrikkelapi/wsapi/v1/";
    public static final String DOMAIN = BASE + "domain";
    public static final String ADRESSE = BASE + "domain/adresse";
    public static final String KOMMUNE = BASE + "domain/kommune";
    public static final String MATRIKKELENHET = BASE + "domain/matrikkelenhet";
    public static final String PERSON = BASE + "domain/person";
    public static final String UTIL = BASE + "domain/util";
    public static final String EXCEPTION = BASE + "exception";
    public static final String SERVICE_ADRESSE = BASE + "service/adresse";
    public static final String SERVICE_MATRIKKELENHET = BASE + "service/matrikkelenhet";
    public static final String SERVICE_STORE = BASE + "service/store";
    public static final String SERVICE_PERSON = BASE + "service/person";

    /** Prefix declarations used on every envelope the client and the simulator write. */
    public static final String DECLARATIONS = " xmlns:dom=\"" + DOMAIN + "\" xmlns:adr=\"" + ADRESSE + "\" xmlns:kom=\"" + KOMMUNE
            + "\" xmlns:mat=\"" + MATRIKKELENHET + "\" xmlns:per=\"" + PERSON + "\" xmlns:util=\"" + UTIL
            + "\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"";

    private MatrikkelNs() {
    }
}
