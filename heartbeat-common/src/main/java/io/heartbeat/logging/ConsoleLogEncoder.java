package io.heartbeat.logging;

import java.nio.charset.Charset;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;

import org.springframework.boot.logging.logback.StructuredLogEncoder;

/**
 * The console's encoder in logback-spring.xml: Spring Boot's structured JSON when
 * {@code logging.structured.format.console} is set (ecs, logstash, gelf), else the plain pattern. Boot chooses
 * between its two console appenders in code; an XML configuration cannot choose without Janino, and only
 * including the plain one silently ignored the setting.
 */
public class ConsoleLogEncoder extends EncoderBase<ILoggingEvent> {

    private String pattern;

    private String format;

    private Charset charset;

    private Encoder<ILoggingEvent> delegate;

    /** The plain text pattern, Boot's {@code CONSOLE_LOG_PATTERN}. */
    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    /** Boot's {@code CONSOLE_LOG_STRUCTURED_FORMAT}, empty unless {@code logging.structured.format.console} is set. */
    public void setFormat(String format) {
        this.format = format;
    }

    public void setCharset(Charset charset) {
        this.charset = charset;
    }

    @Override
    public void start() {
        if (this.format != null && !this.format.isBlank()) {
            StructuredLogEncoder structured = new StructuredLogEncoder();
            structured.setFormat(this.format.strip());
            structured.setCharset(this.charset);
            this.delegate = structured;
        }
        else {
            PatternLayoutEncoder plain = new PatternLayoutEncoder();
            plain.setPattern(this.pattern);
            plain.setCharset(this.charset);
            this.delegate = plain;
        }
        this.delegate.setContext(getContext());
        this.delegate.start();
        super.start();
    }

    @Override
    public void stop() {
        if (this.delegate != null) {
            this.delegate.stop();
        }
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return this.delegate.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return this.delegate.encode(event);
    }

    @Override
    public byte[] footerBytes() {
        return this.delegate.footerBytes();
    }
}
