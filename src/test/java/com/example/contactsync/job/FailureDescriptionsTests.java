package com.example.contactsync.job;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.example.contactsync.dustess.DustessApiException;

import static org.assertj.core.api.Assertions.assertThat;

class FailureDescriptionsTests {

	@Test
	void describeWhenApiFailureEchoesTheRequestThenPersonalDataMaskedForTheExitMessage() {
		DustessApiException api = new DustessApiException(DustessApiException.Kind.API_ERROR,
				"batchEditCustomer failed without per-item results: code=400 msg='bad tel 13800001234, "
						+ "id_card 11010519491231002X, e-mail zhang@example.com'",
				200, 400, null, null);
		String description = FailureDescriptions.describe(List.of(new IllegalStateException("wrapped", api)));
		assertThat(description).isEqualTo("batchEditCustomer failed without per-item results: code=400 "
				+ "msg='bad tel *******1234, id_card **************002X, e-mail ***@***'");
	}

	@Test
	void describeWhenNoApiFailureThenInnermostCauseMaskedAndWithoutToken() {
		String description = FailureDescriptions.describe(List.of(new RuntimeException("outer",
				new IllegalArgumentException("row (7, 13800001234) at https://x/y?accessToken=abcdef"))));
		assertThat(description)
			.isEqualTo("IllegalArgumentException: row (7, *******1234) at https://x/y?accessToken=***");
	}

}
