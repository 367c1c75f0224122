package com.example.contactsync.dustess;

import java.time.Duration;

/**
 * A call to the Dustess API failed as a whole: nothing in its answer says what happened
 * to the individual entries, so none of them may be marked. The message never contains
 * the access token, the client secret or a request URL with the token.
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

	/**
	 * The API's codes for a token it does not accept ({@code success: false} without
	 * per-item results): the sandbox's 40001, and the WeCom family's 40001 (invalid
	 * credential), 40014 (invalid access token) and 42001 (expired access token), which
	 * Dustess's codes follow. The document names none.
	 */
	public static final java.util.Set<Integer> INVALID_TOKEN_CODES = java.util.Set.of(40001, 40014, 42001);

	private final Kind kind;

	private final Integer httpStatus;

	private final Integer code;

	private final Duration retryAfter;

	public DustessApiException(Kind kind, String message, Integer httpStatus, Integer code, Duration retryAfter,
			Throwable cause) {
		super(message, cause);
		this.kind = kind;
		this.httpStatus = httpStatus;
		this.code = code;
		this.retryAfter = retryAfter;
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

	/** The wait the server asked for ({@code Retry-After}), or {@code null}. */
	public Duration getRetryAfter() {
		return this.retryAfter;
	}

	/**
	 * Whether sending the same request again may succeed: no answer, HTTP 5xx or 429, or
	 * a body that is not the documented JSON.
	 */
	public boolean isTransient() {
		return switch (this.kind) {
			case TRANSPORT, MALFORMED_BODY -> true;
			case HTTP_STATUS -> this.httpStatus != null && (this.httpStatus >= 500 || this.httpStatus == 429);
			case API_ERROR -> false;
		};
	}

	/**
	 * Whether the API refused the credentials: HTTP 401 or 403, or its invalid-token
	 * answer ({@link #INVALID_TOKEN_CODES}).
	 */
	public boolean refusesCredentials() {
		return (this.kind == Kind.HTTP_STATUS && (this.httpStatus == 401 || this.httpStatus == 403))
				|| (this.kind == Kind.API_ERROR && this.code != null && INVALID_TOKEN_CODES.contains(this.code));
	}

	/**
	 * Whether a fresh access token may help: HTTP 401 or 403, or {@code success: false}
	 * without per-item results (the API's way of refusing an expired token).
	 */
	public boolean mayBeAuthentication() {
		return this.kind == Kind.API_ERROR
				|| (this.kind == Kind.HTTP_STATUS && (this.httpStatus == 401 || this.httpStatus == 403));
	}

}
