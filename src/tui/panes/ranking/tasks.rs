//! The ranking's assignment, run by the task runner: it sets the provider, and moves the
//! status to `assigned` only from `pending`. A request already assigned, in progress or
//! finished keeps its status: assigning never moves a request back.

use crate::api::{ApiClient, ApiError};
use crate::model::{ServiceRequest, ServiceRequestUpdate, Status};

/// The update that assigns `provider_name` to a request now in `current` status.
pub fn assign_body(provider_name: &str, current: Option<&Status>) -> ServiceRequestUpdate {
    let from_pending = matches!(current, None | Some(Status::Pending));
    ServiceRequestUpdate {
        provider_name: Some(provider_name.to_owned()),
        current_status: from_pending.then(|| Status::Assigned.as_str().to_owned()),
        ..Default::default()
    }
}

/// Reads the request's status as the server has it now, then assigns.
pub async fn assign(
    client: &ApiClient,
    id: i64,
    provider_name: &str,
) -> Result<ServiceRequest, ApiError> {
    let now = client.get_service_request(id).await?;
    let body = assign_body(provider_name, now.current_status.as_ref());
    client.update_service_request(id, &body).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_pending_request_moves_to_assigned() {
        let body = assign_body("Grúas Norte", Some(&Status::Pending));
        assert_eq!(body.current_status.as_deref(), Some("assigned"));
        assert_eq!(body.provider_name.as_deref(), Some("Grúas Norte"));
        for kept in [Status::Assigned, Status::InProgress, Status::Finished] {
            let body = assign_body("Grúas Norte", Some(&kept));
            assert_eq!(body.current_status, None, "{kept:?} moved");
            assert_eq!(body.provider_name.as_deref(), Some("Grúas Norte"));
        }
    }
}
