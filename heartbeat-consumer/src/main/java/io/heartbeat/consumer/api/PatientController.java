package io.heartbeat.consumer.api;

import java.time.Duration;
import java.time.Instant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A patient's recent readings and their summary.
 */
@RestController
@RequestMapping("/api/patients/{patientId}")
@Tag(name = "Patients", description = "One patient's readings")
class PatientController {

    static final int MAX_READINGS = 1000;

    static final Duration DEFAULT_RANGE = Duration.ofHours(1);

    static final Duration MAX_SUMMARY_RANGE = Duration.ofDays(7);

    private final PatientRepository patients;

    PatientController(PatientRepository patients) {
        this.patients = patients;
    }

    @GetMapping("/readings")
    @Operation(summary = "The patient's newest readings, newest first", description = "Of the time range [from, to)"
            + " when given; any status. 404 when the patient never reported.")
    RecentReadings readings(@PathVariable @Size(max = 50) String patientId,
            @RequestParam(required = false) @Nullable Instant from,
            @RequestParam(required = false) @Nullable Instant to,
            @RequestParam(defaultValue = "100") @Min(1) @Max(MAX_READINGS) int limit) {
        requireKnown(patientId);
        ApiProblems.check(from, to);
        return new RecentReadings(patientId, this.patients.readings(patientId, from, to, limit));
    }

    @GetMapping("/summary")
    @Operation(summary = "What the patient's readings of [from, to) add up to, and its open alerts", description =
            "to defaults to now, from to an hour before to; at most 7 days. 404 when the patient never reported.")
    PatientSummary summary(@PathVariable @Size(max = 50) String patientId,
            @RequestParam(required = false) @Nullable Instant from,
            @RequestParam(required = false) @Nullable Instant to) {
        Instant lastReadingAt = requireKnown(patientId);
        Instant end = (to != null) ? to : Instant.now();
        Instant start = (from != null) ? from : end.minus(DEFAULT_RANGE);
        ApiProblems.check(start, end);
        if (Duration.between(start, end).compareTo(MAX_SUMMARY_RANGE) > 0) {
            throw ApiProblems.badRequest("from and to must be at most " + MAX_SUMMARY_RANGE.toDays() + " days apart");
        }
        return this.patients.summary(patientId, start, end, lastReadingAt);
    }

    private Instant requireKnown(String patientId) {
        return this.patients.lastReadingAt(patientId)
            .orElseThrow(() -> ApiProblems.notFound("No readings of patient " + patientId));
    }
}
