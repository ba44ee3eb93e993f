package io.heartbeat.consumer.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The title and the two ways to authenticate of the API's OpenAPI document ({@code /v3/api-docs}, Swagger UI at
 * {@code /swagger-ui.html}); springdoc derives the rest from the controllers.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiDocumentation {

    @Bean
    OpenAPI alertsApi() {
        return new OpenAPI()
            .info(new Info().title("Heartbeat Monitor alerts API").version("1")
                .description("Alerts raised by non-valid heart-rate readings, and clinical alarms, one per episode"
                        + " (sustained tachycardia or bradycardia, a silent device): list and filter them,"
                        + " acknowledge and resolve them, and read a patient's recent readings and summary. Every /api"
                        + " endpoint needs the API token (ALERTS_API_TOKEN) or the basic credentials (ALERTS_API_USER"
                        + " and ALERTS_API_PASSWORD); with neither configured it answers 404. Errors are RFC 9457"
                        + " problem documents."))
            .components(new Components()
                .addSecuritySchemes("token", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                    .description("ALERTS_API_TOKEN"))
                .addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                    .description("ALERTS_API_USER and ALERTS_API_PASSWORD")))
            .addSecurityItem(new SecurityRequirement().addList("token"))
            .addSecurityItem(new SecurityRequirement().addList("basic"));
    }
}
