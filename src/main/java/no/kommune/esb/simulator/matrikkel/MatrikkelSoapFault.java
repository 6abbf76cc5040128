package no.kommune.esb.simulator.matrikkel;

/** A matrikkelAPI ServiceException to answer as a SOAP fault; {@code category} is the exception.xsd category path. */
class MatrikkelSoapFault extends RuntimeException {

    static final String FINDER = ":ServiceException:ApplicationException:FinderException:";
    static final String VALIDATION = ":ServiceException:ApplicationException:ValidationException:";
    static final String OPERATIONAL = ":ServiceException:SystemException:OperationalException:";

    private final String category;
    private final String className;

    MatrikkelSoapFault(String category, String className, String message) {
        super(message);
        this.category = category;
        this.className = className;
    }

    String category() {
        return category;
    }

    String className() {
        return className;
    }
}
