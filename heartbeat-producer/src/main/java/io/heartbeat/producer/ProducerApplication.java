package io.heartbeat.producer;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The producer service: generates synthetic heart-rate readings and publishes them to Kafka.
 */
@SpringBootApplication
public class ProducerApplication {

    /** The service, ready to run; its own settings file is {@code heartbeat-producer.yml}. */
    public static SpringApplication application() {
        SpringApplication application = new SpringApplication(ProducerApplication.class);
        application.setDefaultProperties(Map.of("spring.config.name", "application,heartbeat-producer"));
        return application;
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
