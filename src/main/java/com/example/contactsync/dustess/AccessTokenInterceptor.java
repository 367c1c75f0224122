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
 * Adds the {@code accessToken} query parameter (except to the token request itself) as the very last step before the request goes
 * out. The URI that RestClient knows, logs and puts into its exception messages never holds the
 * token.
 */
class AccessTokenInterceptor implements ClientHttpRequestInterceptor {

	static final String PARAMETER = "accessToken";

	private final AccessTokenProvider tokens;

	AccessTokenInterceptor(AccessTokenProvider tokens) {
		this.tokens = tokens;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		if (request.getURI().getPath().endsWith(ClientCredentialsAccessTokens.TOKEN_PATH)) {
			return execution.execute(request, body);
		}
		URI withToken = withToken(request.getURI(), this.tokens.accessToken());
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
