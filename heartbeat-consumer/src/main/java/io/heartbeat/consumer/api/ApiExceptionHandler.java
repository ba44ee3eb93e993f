package io.heartbeat.consumer.api;

import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Renders every error of the web layer as an RFC 9457 problem document, and says which parameter or field was
 * refused and why, where Spring's default would only say "Validation failure" or "Invalid request content".
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    @Override
    protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = ex.getParameterValidationResults().stream()
            .flatMap((result) -> result.getResolvableErrors().stream()
                .map((error) -> result.getMethodParameter().getParameterName() + " " + error.getDefaultMessage()))
            .collect(Collectors.joining("; "));
        return refused(ex, detail, headers, status, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = ex.getBindingResult().getAllErrors().stream()
            .map((error) -> ((error instanceof FieldError field) ? field.getField() : error.getObjectName()) + " "
                    + error.getDefaultMessage())
            .collect(Collectors.joining("; "));
        return refused(ex, detail, headers, status, request);
    }

    private @Nullable ResponseEntity<Object> refused(Exception ex, String detail, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        return handleExceptionInternal(ex, body, headers, status, request);
    }
}
