package io.heartbeat.dashboards;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Reading /api/ds/query answers, against samples written after Grafana's plugin SDK (ds-query-answers.json).
 */
class QueryDataResponseTests {

    @Test
    void aTableIsOneFrameWithItsRows() {
        QueryDataResponse.Result result = QueryDataResponse.parse(answer("table")).result("A");

        assertThat(result.failed()).isFalse();
        assertThat(result.rows()).isEqualTo(3);
        assertThat(result.firstColumn()).containsExactly("p-001", "p-002", "p-003");
        assertThat(result.describe()).isEqualTo("3 rows in 1 frames");
    }

    @Test
    void timeSeriesCountTheRowsOfEverySeries() {
        QueryDataResponse.Result result = QueryDataResponse.parse(answer("series")).result("B");

        assertThat(result.frames()).extracting(QueryDataResponse.Frame::rows).containsExactly(2, 1);
        assertThat(result.rows()).isEqualTo(3);
        assertThat(result.frames().get(0).fields()).containsExactly("Time", "Value");
    }

    @Test
    void noRowsIsNotAFailure() {
        QueryDataResponse.Result result = QueryDataResponse.parse(answer("empty")).result("A");

        assertThat(result.failed()).isFalse();
        assertThat(result.rows()).isZero();
    }

    @Test
    void aFailedQueryCarriesGrafanasError() {
        QueryDataResponse.Result result = QueryDataResponse.parse(answer("error")).result("A");

        assertThat(result.failed()).isTrue();
        assertThat(result.frames()).isEmpty();
        assertThat(result.describe())
            .isEqualTo("status 400: db query error: pq: relation \"heartbeat\" does not exist");
        assertThatIllegalStateException().isThrownBy(result::firstColumn);
    }

    @Test
    void anAnswerWithoutTheRefIdSaysWhichItHas() {
        assertThatIllegalStateException().isThrownBy(() -> QueryDataResponse.parse(answer("table")).result("B"))
            .withMessage("No result for refId B in [A]");
    }

    static JsonNode answer(String name) {
        return sample("ds-query-answers.json").path(name);
    }

    static JsonNode sample(String resource) {
        try (InputStream in = QueryDataResponseTests.class.getResourceAsStream(resource)) {
            return JsonMapper.shared().readTree(in);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
