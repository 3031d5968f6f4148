package dev.kolejka.api.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kolejka.api.dashboard.RateWindow.Kind;
import org.junit.jupiter.api.Test;

class RateWindowTests {

	@Test
	void countsLandInTheirSecondAndOldSecondsAreForgotten() {
		var window = new RateWindow(5);
		window.add(Kind.COMPLETED, 100);
		window.add(Kind.COMPLETED, 100);
		window.add(Kind.COMPLETED, 102);
		window.add(Kind.FAILED, 102);

		long[] completed = window.series(103, 4).get(Kind.COMPLETED);
		window.add(Kind.COMPLETED, 105);
		long[] later = window.series(106, 5).get(Kind.COMPLETED);

		assertThat(completed).containsExactly(0, 2, 0, 1);
		// seconds 101..105: second 100 shared its slot with 105 and is gone; the totals
		// keep it
		assertThat(later).containsExactly(0, 1, 0, 0, 1);
		assertThat(window.total(Kind.COMPLETED)).isEqualTo(4);
		assertThat(window.total(Kind.FAILED)).isEqualTo(1);
	}

}
