package io.heartbeat.producer.config;

import java.security.SecureRandom;
import java.time.Clock;

import io.heartbeat.config.HeartRateSettings;
import io.heartbeat.producer.generator.HeartbeatGenerator;
import io.heartbeat.producer.publish.HeartbeatPublisher;
import io.heartbeat.producer.publish.ProductionSchedule;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.validation.Validator;

/**
 * Wires the producer: settings, the topic, the generator, the publisher and the schedule that drives them.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ ProducerSettings.class, KafkaTopicSettings.class, HeartRateSettings.class })
class ProducerConfiguration {

    // The name Boot looks for to validate every @ConfigurationProperties bean; static, as it is needed early.
    @Bean(EnableConfigurationProperties.VALIDATOR_BEAN_NAME)
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static Validator configurationPropertiesValidator(Environment environment) {
        return new ProducerSettingsValidator(environment);
    }

    @Bean
    NewTopic heartbeatTopic(KafkaTopicSettings topic) {
        return TopicBuilder.name(topic.topic()).partitions(topic.partitions()).replicas(topic.replicas()).build();
    }

    // Replaces Boot's default, which logs every failed record at ERROR with a stack trace; the publisher logs each
    // failure once, at WARN.
    @Bean
    ProducerListener<Object, Object> kafkaProducerListener() {
        return new ProducerListener<>() {
        };
    }

    @Bean
    HeartbeatGenerator heartbeatGenerator(ProducerSettings settings, HeartRateSettings limits) {
        long seed = (settings.seed() != null) ? settings.seed() : new SecureRandom().nextLong();
        return new HeartbeatGenerator(seed, settings.generatorSettings(limits.toLimits()));
    }

    @Bean
    HeartbeatPublisher heartbeatPublisher(KafkaTemplate<String, byte[]> kafkaTemplate, KafkaTopicSettings topic,
            MeterRegistry registry) {
        return new HeartbeatPublisher(kafkaTemplate, topic.topic(), registry);
    }

    @Bean
    ProductionSchedule productionSchedule(HeartbeatGenerator generator, HeartbeatPublisher publisher,
            ProducerSettings settings) {
        return new ProductionSchedule(generator, publisher, settings.rate(), settings.eventLimit(), settings.tick(),
                Clock.systemUTC());
    }
}
