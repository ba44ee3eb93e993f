package io.heartbeat.consumer.api;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import io.heartbeat.consumer.alarm.AlarmKind;
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
 * Lists clinical alarms, and lets operators acknowledge and resolve them, as {@link AlertController} does alerts.
 */
@RestController
@RequestMapping("/api/alarms")
@Tag(name = "Alarms", description = "Clinical alarms, one per episode the consumer detects in the stream, and their"
        + " lifecycle")
class AlarmController {

    private static final List<String> KINDS = Arrays.stream(AlarmKind.values()).map(AlarmKind::dbValue).toList();

    private static final List<String> STATES = List.of("open", "acknowledged", "resolved", "unresolved");

    private final AlarmRepository alarms;

    AlarmController(AlarmRepository alarms) {
        this.alarms = alarms;
    }

    @GetMapping
    @Operation(summary = "List alarms, newest started first", description = "Every filter is optional. state"
            + " unresolved means open or acknowledged. Time is the episode's start; from is inclusive, to exclusive."
            + " Pages beyond " + LifecycleTable.MAX_PAGE + ": narrow the time range instead.")
    ListPage<AlarmView> list(@RequestParam(required = false) @Size(min = 1, max = 50) @Nullable String patientId,
            @RequestParam(required = false) @Parameter(schema = @Schema(allowableValues = { "sustained_tachycardia",
                    "sustained_bradycardia", "device_silent" })) @Nullable String kind,
            @RequestParam(required = false) @Parameter(schema = @Schema(allowableValues = { "open", "acknowledged",
                    "resolved", "unresolved" })) @Nullable String state,
            @RequestParam(required = false) @Nullable Instant from,
            @RequestParam(required = false) @Nullable Instant to,
            @RequestParam(defaultValue = "0") @Min(0) @Max(LifecycleTable.MAX_PAGE) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(LifecycleTable.MAX_PAGE_SIZE) int size) {
        ApiProblems.check(from, to);
        return this.alarms.find(patientId, ApiProblems.oneOf("kind", kind, KINDS),
                ApiProblems.oneOf("state", state, STATES), from, to, page, size);
    }

    @GetMapping("/{alarmId}")
    @Operation(summary = "One alarm")
    AlarmView get(@PathVariable long alarmId) {
        return this.alarms.get(alarmId);
    }

    @PostMapping("/{alarmId}/acknowledge")
    @Operation(summary = "Acknowledge an alarm", description = "Records who and when; an alarm already acknowledged"
            + " keeps its first acknowledgement. An open alarm becomes acknowledged; a resolved one stays resolved. "
            + OperatorRequest.DESCRIPTION)
    AlarmView acknowledge(@PathVariable long alarmId, @RequestBody(required = false) @Valid @Nullable
            OperatorRequest request, Authentication caller) {
        return this.alarms.acknowledge(alarmId, OperatorRequest.operator(request, caller));
    }

    @PostMapping("/{alarmId}/resolve")
    @Operation(summary = "Resolve an alarm", description = "Records who and when; an alarm already resolved, by an"
            + " operator or automatically, keeps its first resolution. endedAt stays as it is: the episode ends"
            + " when the readings end it. " + OperatorRequest.DESCRIPTION)
    AlarmView resolve(@PathVariable long alarmId, @RequestBody(required = false) @Valid @Nullable
            OperatorRequest request, Authentication caller) {
        return this.alarms.resolve(alarmId, OperatorRequest.operator(request, caller));
    }
}
