package com.example.contactsync.dustess;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import com.example.contactsync.dustess.DustessApiException.Kind;
import com.example.contactsync.dustess.payload.BatchEditCustomerRequest;
import com.example.contactsync.dustess.payload.BatchEditCustomerResponse;
import com.example.contactsync.dustess.payload.CustomerEntry;

/**
 * Calls the Dustess open API. This is the one place that turns HTTP and API failures into
 * exceptions: a call either returns an answer with per-item results or throws
 * {@link DustessApiException}.
 */
public class DustessClient {

	/** Path of the batch edit endpoint, relative to {@code dustess.base-url}. */
	public static final String BATCH_EDIT_CUSTOMER_PATH = "/customer/v1/batchEditCustomer";

	/** Top-level code of an answer whose per-item lists say which entries failed. */
	public static final int PARTIAL_FAILURE_CODE = 4126;

	private static final Logger logger = LoggerFactory.getLogger(DustessClient.class);

	private final RestClient restClient;

	private final JsonMapper jsonMapper;

	public DustessClient(RestClient restClient, JsonMapper jsonMapper) {
		this.restClient = restClient;
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Sends all entries in one {@code batchEditCustomer} call.
	 * @param entries the entries, in the order their 1-based {@code index} refers to; not empty
	 * @return the answer; it has per-item data ({@code data.success} or {@code data.fail} not
	 * {@code null}), or {@code success} is {@code true}
	 * @throws DustessApiException if the call failed as a whole
	 */
	public BatchEditCustomerResponse batchEditCustomer(List<CustomerEntry> entries) {
		byte[] body = this.jsonMapper.writeValueAsBytes(new BatchEditCustomerRequest(entries));
		RawResponse raw = post(BATCH_EDIT_CUSTOMER_PATH, body);
		if (!raw.status().is2xxSuccessful()) {
			throw new DustessApiException(Kind.HTTP_STATUS,
					"batchEditCustomer answered HTTP " + raw.status().value() + " (" + raw.describeBody() + ")",
					raw.status().value(), null, null);
		}
		BatchEditCustomerResponse response = parse(raw);
		if (Boolean.TRUE.equals(response.success()) || hasItemResults(response)) {
			return response;
		}
		throw new DustessApiException(Kind.API_ERROR,
				"batchEditCustomer failed without per-item results: code=" + response.code() + " msg="
						+ quote(response.msg()),
				raw.status().value(), response.code(), null);
	}

	private RawResponse post(String path, byte[] body) {
		try {
			return this.restClient.post()
				.uri(path)
				.contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.APPLICATION_JSON)
				.body(body)
				.exchange((request, response) -> new RawResponse(response.getStatusCode(),
						response.getHeaders().getContentType(), response.getBody().readAllBytes()), true);
		}
		catch (RestClientException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			String message = "batchEditCustomer call failed: " + cause.getClass().getSimpleName()
					+ ((cause.getMessage() != null) ? ": " + Secrets.redact(cause.getMessage()) : "");
			logger.debug("{}", message);
			throw new DustessApiException(Kind.TRANSPORT, message, null, null, cause);
		}
	}

	private BatchEditCustomerResponse parse(RawResponse raw) {
		BatchEditCustomerResponse response;
		try {
			response = this.jsonMapper.readValue(raw.body(), BatchEditCustomerResponse.class);
		}
		catch (JacksonException ex) {
			throw new DustessApiException(Kind.MALFORMED_BODY,
					"batchEditCustomer answered HTTP " + raw.status().value() + " with a body that is not the documented JSON ("
							+ raw.describeBody() + ")",
					raw.status().value(), null, null);
		}
		if (response == null || response.success() == null) {
			throw new DustessApiException(Kind.MALFORMED_BODY, "batchEditCustomer answered HTTP " + raw.status().value()
					+ " without a boolean 'success' (" + raw.describeBody() + ")", raw.status().value(), null, null);
		}
		return response;
	}

	private static boolean hasItemResults(BatchEditCustomerResponse response) {
		BatchEditCustomerResponse.Data data = response.data();
		return data != null && (notEmpty(data.success()) || notEmpty(data.fail()));
	}

	private static boolean notEmpty(List<?> list) {
		return list != null && !list.isEmpty();
	}

	private static String quote(String text) {
		return (text != null) ? "'" + Secrets.redact(text) + "'" : "null";
	}

	private record RawResponse(HttpStatusCode status, MediaType contentType, byte[] body) {

		String describeBody() {
			return ((this.contentType != null) ? this.contentType.toString() : "no content type") + ", "
					+ this.body.length + " bytes";
		}

	}

}
