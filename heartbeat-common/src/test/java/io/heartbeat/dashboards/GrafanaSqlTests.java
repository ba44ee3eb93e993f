package io.heartbeat.dashboards;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The expansion of variables and macros matches what Grafana's PostgreSQL datasource documents and its own tests
 * (macros_test.go) expect.
 */
class GrafanaSqlTests {

    private static final Instant FROM = Instant.parse("2018-04-12T18:00:00Z");

    private static final Instant TO = Instant.parse("2018-04-12T18:05:00Z");

    @Test
    void timeFilterIsAnInclusiveRangeOfUtcInstants() {
        assertThat(expand("WHERE $__timeFilter(time_column)"))
            .isEqualTo("WHERE time_column BETWEEN '2018-04-12T18:00:00Z' AND '2018-04-12T18:05:00Z'");
    }

    @Test
    void timeFromAndTimeToAreQuotedInstants() {
        assertThat(expand("select $__timeFrom(), $__timeTo()"))
            .isEqualTo("select '2018-04-12T18:00:00Z', '2018-04-12T18:05:00Z'");
    }

    @Test
    void instantsPrintTheirFractionWithoutTrailingZeros() {
        String sql = GrafanaSql.interpolate("$__timeFrom()", Instant.parse("2018-04-12T18:00:00.500Z"), TO);

        assertThat(sql).isEqualTo("'2018-04-12T18:00:00.5Z'");
    }

    @Test
    void timeGroupFloorsEpochSecondsToTheInterval() {
        assertThat(expand("GROUP BY $__timeGroup(time_column,'5m')"))
            .isEqualTo("GROUP BY floor(extract(epoch from time_column)/300)*300");
        assertThat(expand("GROUP BY $__timeGroup(time_column, 200ms)"))
            .isEqualTo("GROUP BY floor(extract(epoch from time_column)/0.2)*0.2");
    }

    @Test
    void timeGroupAliasNamesTheColumnTime() {
        assertThat(expand("SELECT $__timeGroupAlias(time_column,'5m')"))
            .isEqualTo("SELECT floor(extract(epoch from time_column)/300)*300 AS \"time\"");
        // before Grafana 5.3 $__timeGroup aliased itself; a comma right after it still asks for that
        assertThat(expand("SELECT $__timeGroup(time_column,'5m'), value"))
            .isEqualTo("SELECT floor(extract(epoch from time_column)/300)*300 AS \"time\", value");
    }

    @Test
    void intervalIsRenderedInItsLargestWholeUnit() {
        String sql = GrafanaSql.interpolate("$__timeGroupAlias(t, $__interval) -- $__interval_ms", FROM, TO,
                Duration.ofSeconds(90), Map.of());

        assertThat(sql).isEqualTo("floor(extract(epoch from t)/60)*60 AS \"time\" -- 90000");
    }

    @Test
    void multiValueVariablesBecomeQuotedLiterals() {
        TemplateVariable patient = new TemplateVariable("patient", true, true, List.of("p-1", "O'Brien"));

        assertThat(GrafanaSql.interpolate("IN ($patient) OR IN (${patient})", FROM, TO, Duration.ofSeconds(1),
                Map.of("patient", patient)))
            .isEqualTo("IN ('p-1','O''Brien') OR IN ('p-1','O''Brien')");
    }

    @Test
    void sqlstringFormatEscapesQuotesAsGrafanasFormatRegistryDoes() {
        TemplateVariable patient = new TemplateVariable("patient", true, false, List.of("a'b", "c\"d"));

        assertThat(GrafanaSql.interpolate("${patient:sqlstring}", FROM, TO, Duration.ofSeconds(1),
                Map.of("patient", patient)))
            .isEqualTo("'a''b','c\\\"d'");
    }

    @Test
    void singleValueVariableIsEscapedButNotQuoted() {
        TemplateVariable patient = new TemplateVariable("patient", false, false, List.of("O'Brien"));

        assertThat(GrafanaSql.interpolate("'$patient'", FROM, TO, Duration.ofSeconds(1), Map.of("patient", patient)))
            .isEqualTo("'O''Brien'");
    }

    @Test
    void allOverNoOptionsRendersNothing() {
        TemplateVariable patient = new TemplateVariable("patient", true, true, List.of());

        assertThat(GrafanaSql.interpolate("ARRAY[$patient]::text[]", FROM, TO, Duration.ofSeconds(1),
                Map.of("patient", patient)))
            .isEqualTo("ARRAY[]::text[]");
    }

    @Test
    void unknownMacrosVariablesAndFormatsFail() {
        assertThatIllegalArgumentException().isThrownBy(() -> expand("WHERE $__unixEpochFilter(t)"))
            .withMessageContaining("$__unixEpochFilter");
        assertThatIllegalArgumentException().isThrownBy(() -> expand("WHERE p = $patient"))
            .withMessageContaining("$patient");
        assertThatIllegalArgumentException().isThrownBy(() -> expand("SELECT $__range"))
            .withMessageContaining("Not expanded");
        assertThatIllegalArgumentException().isThrownBy(() -> GrafanaSql.interpolate("${patient:csv}", FROM, TO,
                Duration.ofSeconds(1), Map.of("patient", new TemplateVariable("patient", true, true, List.of()))))
            .withMessageContaining("csv");
        assertThatIllegalArgumentException().isThrownBy(() -> expand("$__timeGroup(t, '5m', 0)"))
            .withMessageContaining("fill");
    }

    private static String expand(String sql) {
        return GrafanaSql.interpolate(sql, FROM, TO);
    }
}
