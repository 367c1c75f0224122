package com.example.contactsync.dustess;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.support.HttpRequestWrapper;

/**
 * Adds the {@code accessToken} query parameter as the very last step before the request
 * goes out, from the request attribute {@value #ATTRIBUTE}. The URI that RestClient
 * knows, logs and puts into its exception messages never holds the token.
 * <p>
 * The caller obtains the token before the call enters the {@link CallGate} and passes it
 * as an attribute: fetching a token is itself a call through the gate, so fetching it
 * here, inside the gate, would wait for itself.
 */
class AccessTokenInterceptor implements ClientHttpRequestInterceptor {

	static final String PARAMETER = "accessToken";

	/**
	 * The request attribute that carries the token; absent for the token request itself.
	 */
	static final String ATTRIBUTE = AccessTokenInterceptor.class.getName() + ".token";

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		Object token = request.getAttributes().get(ATTRIBUTE);
		if (token == null) {
			return execution.execute(request, body);
		}
		URI withToken = withToken(request.getURI(), token.toString());
		return execution.execute(new HttpRequestWrapper(request) {
			@Override
			public URI getURI() {
				return withToken;
			}
		}, body);
	}

	static URI withToken(URI uri, String token) {
		String parameter = PARAMETER + "=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
		String query = uri.getRawQuery();
		String base = uri.toString();
		int hash = base.indexOf('#');
		if (hash >= 0) {
			base = base.substring(0, hash);
		}
		return URI.create(base + ((query == null) ? "?" : "&") + parameter);
	}

}
