package io.heartbeat.consumer.api;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import io.heartbeat.validation.AlertCategory;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lists alerts, and lets operators acknowledge and resolve them.
 */
@RestController
@RequestMapping("/api/alerts")
@Tag(name = "Alerts", description = "Alerts raised by non-valid readings, and their lifecycle")
class AlertController {

    private static final List<String> CATEGORIES = Arrays.stream(AlertCategory.values())
        .map(AlertCategory::dbValue)
        .toList();

    private static final List<String> STATES = List.of("open", "resolved");

    private final AlertRepository alerts;

    AlertController(AlertRepository alerts) {
        this.alerts = alerts;
    }

    @GetMapping
    @Operation(summary = "List alerts, newest first", description = "Every filter is optional. Time is the time of the"
            + " reading that raised the alert; from is inclusive, to exclusive. Pages beyond " + LifecycleTable.MAX_PAGE
            + ": narrow the time range instead.")
    ListPage<AlertView> list(@RequestParam(required = false) @Size(min = 1, max = 50) @Nullable String patientId,
            @RequestParam(required = false) @Parameter(schema = @Schema(allowableValues = { "physiological_anomaly",
                    "system_anomaly", "data_corruption" })) @Nullable String category,
            @RequestParam(required = false) @Parameter(schema = @Schema(allowableValues = { "open", "resolved" }))
            @Nullable String state,
            @RequestParam(required = false) @Nullable Instant from,
            @RequestParam(required = false) @Nullable Instant to,
            @RequestParam(defaultValue = "0") @Min(0) @Max(LifecycleTable.MAX_PAGE) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(LifecycleTable.MAX_PAGE_SIZE) int size) {
        ApiProblems.check(from, to);
        return this.alerts.find(patientId, ApiProblems.oneOf("category", category, CATEGORIES),
                ApiProblems.oneOf("state", state, STATES), from, to, page, size);
    }

    @GetMapping("/{alertId}")
    @Operation(summary = "One alert")
    AlertView get(@PathVariable long alertId) {
        return this.alerts.get(alertId);
    }

    @PostMapping("/{alertId}/acknowledge")
    @Operation(summary = "Acknowledge an alert", description = "Records who and when; an alert already acknowledged"
            + " keeps its first acknowledgement. The alert stays open. " + OperatorRequest.DESCRIPTION)
    AlertView acknowledge(@PathVariable long alertId, @RequestBody(required = false) @Valid @Nullable
            OperatorRequest request, Authentication caller) {
        return this.alerts.acknowledge(alertId, OperatorRequest.operator(request, caller));
    }

    @PostMapping("/{alertId}/resolve")
    @Operation(summary = "Resolve an alert", description = "Records who and when; an alert already resolved, by an"
            + " operator or automatically, keeps its first resolution. " + OperatorRequest.DESCRIPTION)
    AlertView resolve(@PathVariable long alertId, @RequestBody(required = false) @Valid @Nullable
            OperatorRequest request, Authentication caller) {
        return this.alerts.resolve(alertId, OperatorRequest.operator(request, caller));
    }
}
