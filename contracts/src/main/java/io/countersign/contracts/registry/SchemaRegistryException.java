package io.countersign.contracts.registry;

/**
 * A Schema Registry call that failed, with the HTTP status and the Confluent {@code error_code}
 * (40401 subject not found, 40403 schema not found, 409 incompatible, 42201 invalid schema, ...).
 * Status -1 means the registry could not be reached at all.
 */
public class SchemaRegistryException extends RuntimeException {

    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(int httpStatus, int errorCode, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = -1;
        this.errorCode = -1;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int errorCode() {
        return errorCode;
    }
}
