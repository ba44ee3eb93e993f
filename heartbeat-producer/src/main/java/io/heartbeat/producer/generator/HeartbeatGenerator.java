package io.heartbeat.producer.generator;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

import io.heartbeat.contract.EventIds;
import io.heartbeat.contract.HeartbeatEvent;
import io.heartbeat.contract.HeartbeatJson;
import io.heartbeat.producer.episode.ChanceRuns;
import io.heartbeat.producer.episode.Episode;
import io.heartbeat.producer.episode.EpisodeInjector;
import io.heartbeat.producer.episode.EpisodeInjector.Turn;
import io.heartbeat.producer.episode.EpisodeSettings;
import io.heartbeat.validation.AnomalyType;
import io.heartbeat.validation.HeartRateLimits;
import io.heartbeat.validation.ValidationStatus;

/**
 * Generates heart-rate readings, valid and invalid, reproducibly from one seed (docs/producer.md, "What it generates"
 * and "Episodes"); not thread-safe: one thread calls {@link #next(Instant)}.
 */
public final class HeartbeatGenerator {

    /** Records no episode, and lists no run by chance. */
    public static final Consumer<Episode> NO_RECORDER = (episode) -> {
    };

    private static final int GARBAGE_LENGTH = 16;

    private final long seed;

    private final GeneratorSettings settings;

    private final Patient[] patients;

    // null without episodes, so the plain path costs nothing extra
    private final EpisodeInjector episodes;

    // null without a recorder
    private final ChanceRuns chanceRuns;

    private int turn;

    /** A generator of the configured mix only, without episodes. */
    public HeartbeatGenerator(long seed, GeneratorSettings settings) {
        this(seed, settings, EpisodeSettings.NONE, NO_RECORDER);
    }

    /** Also injects {@code episodes}, handing each one, and each run by chance, to {@code recorder} on this thread. */
    public HeartbeatGenerator(long seed, GeneratorSettings settings, EpisodeSettings episodes,
            Consumer<Episode> recorder) {
        this.seed = seed;
        this.settings = settings;
        SplittableRandom master = new SplittableRandom(seed);
        this.patients = new Patient[settings.customerCount()];
        for (int i = 0; i < this.patients.length; i++) {
            SplittableRandom random = new SplittableRandom(master.nextLong());
            this.patients[i] = new Patient(patientId(i), random, new PatientSignal(settings.limits(), random));
        }
        this.episodes = episodes.enabled() ? new EpisodeInjector(seed,
                Arrays.stream(this.patients).map(Patient::id).toList(), episodes, settings.limits(),
                settings.invalidMin(), settings.invalidMax(), recorder) : null;
        this.chanceRuns = (recorder != NO_RECORDER)
                ? new ChanceRuns(this.patients.length, episodes.chanceRunReadings(), recorder) : null;
    }

    /** The stable id of the patient numbered {@code index} from 0: {@code patient-0001} for 0. */
    public static String patientId(int index) {
        return String.format("patient-%04d", index + 1);
    }

    public long seed() {
        return this.seed;
    }

    public GeneratorSettings settings() {
        return this.settings;
    }

    /** The next reporting patient's next reading, taken at {@code time} kept to the millisecond. */
    public GeneratedReading next(Instant time) {
        Instant takenAt = time.truncatedTo(ChronoUnit.MILLIS);
        while (true) {
            int index = this.turn;
            this.turn = (this.turn + 1 == this.patients.length) ? 0 : this.turn + 1;
            Turn action = (this.episodes != null) ? this.episodes.turn(index, takenAt) : Turn.READING;
            if (action == Turn.READING) {
                return reading(index, takenAt);
            }
            if (action != Turn.SILENT) {
                return episodeReading(index, takenAt, action == Turn.SUSTAINED_READING);
            }
            // SILENT: the turn passes on; the injector never silences every patient, so one reports
        }
    }

    private GeneratedReading reading(int index, Instant takenAt) {
        Patient patient = this.patients[index];
        RandomGenerator random = patient.random();
        // The walk moves on every reading, whatever is sent, so the valid readings trace one continuous signal.
        int value = patient.signal().nextValue(random);
        UUID eventId = EventIds.timeOrdered(takenAt, random);
        if (random.nextDouble() >= this.settings.invalidRatio()) {
            countForChanceRuns(index, null, false, takenAt);
            return new GeneratedReading(patient.id(), json(eventId, patient.id(), takenAt, value),
                    ValidationStatus.VALID, takenAt);
        }
        Fault fault = Fault.pick(random);
        byte[] payload = invalidPayload(fault, eventId, patient.id(), takenAt, value, random);
        countForChanceRuns(index, fault.anomalyType(), false, takenAt);
        return new GeneratedReading(patient.id(), payload, fault.anomalyType().status(), takenAt);
    }

    /** An out-of-range reading of an episode: always sent as a plain physiological anomaly. */
    private GeneratedReading episodeReading(int index, Instant takenAt, boolean sustained) {
        Patient patient = this.patients[index];
        int value = this.episodes.value(index);
        patient.signal().nextValue(patient.random());
        UUID eventId = EventIds.timeOrdered(takenAt, patient.random());
        countForChanceRuns(index, (value > this.settings.limits().max()) ? AnomalyType.HIGH_BPM : AnomalyType.LOW_BPM,
                sustained, takenAt);
        return new GeneratedReading(patient.id(), json(eventId, patient.id(), takenAt, value),
                ValidationStatus.INVALID_PHYSIOLOGICAL, takenAt);
    }

    private void countForChanceRuns(int index, AnomalyType anomaly, boolean injected, Instant takenAt) {
        if (this.chanceRuns != null) {
            this.chanceRuns.reading(index, this.patients[index].id(), anomaly, injected, takenAt);
        }
    }

    private byte[] invalidPayload(Fault fault, UUID id, String patient, Instant time, int value,
            RandomGenerator random) {
        HeartRateLimits limits = this.settings.limits();
        return switch (fault) {
            case LOW_BPM -> json(id, patient, time, random.nextInt(this.settings.invalidMin(), limits.min()));
            case HIGH_BPM -> json(id, patient, time, random.nextInt(limits.max() + 1, this.settings.invalidMax() + 1));
            case NULL_VALUE -> HeartbeatJson.toJson(new HeartbeatEvent(id, patient, time, null));
            case NEGATIVE_VALUE -> json(id, patient, time, -random.nextInt(1, 100));
            case OVERFLOW_VALUE -> json(id, patient, time, random.nextInt(HeartRateLimits.SYSTEM_MAX + 1, 1000));
            case TEXT_VALUE -> utf8(fieldsBeforeValue(id, patient, time)
                .append(",\"").append(HeartbeatJson.HEARTBEAT_VALUE).append("\":\"").append(value).append(" bpm\"}"));
            case MISSING_VALUE -> utf8(fieldsBeforeValue(id, patient, time).append('}'));
            case NOT_JSON -> random.nextBoolean() ? truncated(json(id, patient, time, value)) : garbage(random);
        };
    }

    private static byte[] json(UUID id, String patient, Instant time, int value) {
        return HeartbeatJson.toJson(new HeartbeatEvent(id, patient, time, BigDecimal.valueOf(value)));
    }

    // By hand, because these payloads break the contract on purpose. Patient ids need no JSON escaping.
    private static StringBuilder fieldsBeforeValue(UUID id, String patient, Instant time) {
        return new StringBuilder(128).append("{\"").append(HeartbeatJson.EVENT_ID).append("\":\"").append(id)
            .append("\",\"").append(HeartbeatJson.PATIENT_ID).append("\":\"").append(patient)
            .append("\",\"").append(HeartbeatJson.TIMESTAMP).append("\":\"").append(time).append('"');
    }

    /** A message cut off in transit: its object never closes. */
    private static byte[] truncated(byte[] payload) {
        return Arrays.copyOf(payload, payload.length / 2);
    }

    /** Binary noise; the leading 0xFF 0x00 is neither UTF-8 nor a JSON start, whatever encoding a parser guesses. */
    private static byte[] garbage(RandomGenerator random) {
        byte[] bytes = new byte[GARBAGE_LENGTH];
        random.nextBytes(bytes);
        bytes[0] = (byte) 0xFF;
        bytes[1] = 0;
        return bytes;
    }

    private static byte[] utf8(StringBuilder text) {
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private record Patient(String id, SplittableRandom random, PatientSignal signal) {
    }
}
