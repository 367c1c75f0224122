package com.example.contactsync.change;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StoredTextTests {

	@Test
	void fitWhenControlCharactersThenReplacedAndLineBreaksKept() {
		assertThat(StoredText.fit("a\u0000b\u0007c\td\ne\rf\u007f", 100)).isEqualTo("a\uFFFDb\uFFFDc\td\ne\rf\uFFFD");
	}

	@Test
	void fitWhenUnpairedSurrogatesThenReplacedAndPairsKept() {
		assertThat(StoredText.fit("x\uD800y\uDC00z😀", 100)).isEqualTo("x\uFFFDy\uFFFDz😀");
	}

	@Test
	void fitWhenLongerThanColumnThenCutWithEllipsisToExactlyTheColumn() {
		assertThat(StoredText.fit("i".repeat(100), 64)).hasSize(64).endsWith("i…");
		assertThat(StoredText.fit("i".repeat(64), 64)).isEqualTo("i".repeat(64));
	}

	@Test
	void fitNeverSplitsASurrogatePair() {
		assertThat(StoredText.fit("😀".repeat(10), 6)).isEqualTo("😀😀…");
	}

	@Test
	void fitKeepsNull() {
		assertThat(StoredText.fit(null, 10)).isNull();
		assertThat(StoredText.message(null)).isNull();
	}

	@Test
	void messageMasksPersonalDataAndFitsTheColumn() {
		assertThat(StoredText.message("duplicate mobile 13800001234 of a@b.com\u0000"))
			.isEqualTo("duplicate mobile *******1234 of ***@***\uFFFD");
		assertThat(StoredText.message("x".repeat(5000))).hasSize(StoredText.MESSAGE_LENGTH);
	}

}
