package com.example.contactsync.dustess;

/**
 * A {@code batchEditCustomer} call failed as a whole: nothing in its answer says what happened to
 * the individual entries, so none of them may be marked. The message never contains the access
 * token or a request URL with it.
 */
public class DustessApiException extends RuntimeException {

	/** What kind of failure this was. */
	public enum Kind {

		/** No HTTP answer: connection refused or reset, timeout, I/O error. */
		TRANSPORT,

		/** An HTTP status other than 2xx. */
		HTTP_STATUS,

		/** HTTP 2xx, but the body is not the documented JSON. */
		MALFORMED_BODY,

		/** The documented JSON with {@code success: false} and no per-item results. */
		API_ERROR

	}

	private final Kind kind;

	private final Integer httpStatus;

	private final Integer code;

	public DustessApiException(Kind kind, String message, Integer httpStatus, Integer code, Throwable cause) {
		super(message, cause);
		this.kind = kind;
		this.httpStatus = httpStatus;
		this.code = code;
	}

	public Kind getKind() {
		return this.kind;
	}

	/** The HTTP status, or {@code null} when there was no HTTP answer. */
	public Integer getHttpStatus() {
		return this.httpStatus;
	}

	/** The Dustess {@code code}, or {@code null} when the answer had none. */
	public Integer getCode() {
		return this.code;
	}

}
