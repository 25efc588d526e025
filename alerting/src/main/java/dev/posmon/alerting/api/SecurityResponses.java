package dev.posmon.alerting.api;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.List;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;

/**
 * Documents the answers of {@link ApiAuth} on every secured operation of the OpenAPI document: 401 everywhere,
 * 403 where only the admin scheme is accepted. A filter rather than {@code @APIResponse} annotations, which would
 * replace the generated 200 answers and their schemas.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class SecurityResponses implements OASFilter {

    @Override
    public Operation filterOperation(Operation operation) {
        List<SecurityRequirement> security = operation.getSecurity();
        if (security == null || security.isEmpty() || operation.getResponses() == null) {
            return operation;
        }
        operation.getResponses().addAPIResponse("401", OASFactory.createAPIResponse()
                .description("No bearer token, or an unknown one (problem JSON)"));
        boolean operatorAccepted = security.stream().anyMatch(requirement -> requirement.hasScheme(ApiAuth.OPERATOR_SCHEME));
        if (!operatorAccepted) {
            operation.getResponses().addAPIResponse("403", OASFactory.createAPIResponse()
                    .description("The operator token: this endpoint needs the admin token (problem JSON)"));
        }
        return operation;
    }
}
