//! The fixed fields a create (or an update) may send, in CONTRACT.md's names: their keys,
//! labels, hints, sections, and which an update may change.

use crate::model::UPDATABLE_FIELDS;
use crate::tui::i18n::T;

/// The fixed fields of a create, in CONTRACT.md's names (`answers` aside).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fixed {
    ContractId,
    AccessIdentifier,
    DocumentIdentifier,
    ServiceId,
    ServiceExternalId,
    ServiceName,
    OriginAddress,
    OriginLatitude,
    OriginLongitude,
    DestinationAddress,
    DestinationLatitude,
    DestinationLongitude,
    ScheduledDate,
    ScheduledEndDate,
    ScheduledTime,
    UserPhone,
    RequestedAt,
    CurrentStatus,
    ExternalId,
    Source,
    ContactCenterPhone,
    ProviderName,
    ProviderPhone,
    TechnicianName,
    ExtraInfo,
}

use Fixed as F;

/// Sections of the create form, in order, after the service's questions (what the agent
/// asks the caller comes first). The status is not offered: a new request is `pending`
/// (the server's default); only an edit changes it. The last section, the internal
/// fields, is collapsed until the agent opens it (Ctrl-A) or one of them needs fixing.
pub(super) const CREATE_SECTIONS: &[(T, &[Fixed])] = &[
    (T::FormSecOrigin, &[F::OriginAddress]),
    (T::FormSecDestination, &[F::DestinationAddress]),
    (
        T::FormSecSchedule,
        &[F::ScheduledDate, F::ScheduledEndDate, F::ScheduledTime],
    ),
    (T::FormSecRequest, &[F::UserPhone, F::ExtraInfo]),
    (
        T::FormSecProvider,
        &[F::ProviderName, F::ProviderPhone, F::TechnicianName],
    ),
    (T::ShiftFormSecAdvanced, ADVANCED),
];

/// The internal fields: ids the contract and service already gave, raw coordinates, the
/// automatic ones. Hidden under the collapsed "advanced" section of a create.
pub(super) const ADVANCED: &[Fixed] = &[
    F::ContractId,
    F::AccessIdentifier,
    F::DocumentIdentifier,
    F::ServiceId,
    F::ServiceExternalId,
    F::ServiceName,
    F::OriginLatitude,
    F::OriginLongitude,
    F::DestinationLatitude,
    F::DestinationLongitude,
    F::RequestedAt,
    F::ExternalId,
    F::Source,
    F::ContactCenterPhone,
];

impl Fixed {
    pub const ALL: [Fixed; 25] = [
        F::ContractId,
        F::AccessIdentifier,
        F::DocumentIdentifier,
        F::ServiceId,
        F::ServiceExternalId,
        F::ServiceName,
        F::OriginAddress,
        F::OriginLatitude,
        F::OriginLongitude,
        F::DestinationAddress,
        F::DestinationLatitude,
        F::DestinationLongitude,
        F::ScheduledDate,
        F::ScheduledEndDate,
        F::ScheduledTime,
        F::UserPhone,
        F::RequestedAt,
        F::CurrentStatus,
        F::ExternalId,
        F::Source,
        F::ContactCenterPhone,
        F::ProviderName,
        F::ProviderPhone,
        F::TechnicianName,
        F::ExtraInfo,
    ];

    /// The API's field name.
    pub fn key(self) -> &'static str {
        match self {
            F::ContractId => "contract_id",
            F::AccessIdentifier => "access_identifier",
            F::DocumentIdentifier => "document_identifier",
            F::ServiceId => "service_id",
            F::ServiceExternalId => "service_external_id",
            F::ServiceName => "service_name",
            F::OriginAddress => "origin_address",
            F::OriginLatitude => "origin_latitude",
            F::OriginLongitude => "origin_longitude",
            F::DestinationAddress => "destination_address",
            F::DestinationLatitude => "destination_latitude",
            F::DestinationLongitude => "destination_longitude",
            F::ScheduledDate => "scheduled_date",
            F::ScheduledEndDate => "scheduled_end_date",
            F::ScheduledTime => "scheduled_time",
            F::UserPhone => "user_phone",
            F::RequestedAt => "requested_at",
            F::CurrentStatus => "current_status",
            F::ExternalId => "external_id",
            F::Source => "source",
            F::ContactCenterPhone => "contact_center_phone",
            F::ProviderName => "provider_name",
            F::ProviderPhone => "provider_phone",
            F::TechnicianName => "technician_name",
            F::ExtraInfo => "extra_info",
        }
    }

    pub fn label(self) -> T {
        match self {
            F::ContractId => T::FfContractId,
            F::AccessIdentifier => T::FfAccessIdentifier,
            F::DocumentIdentifier => T::FfDocumentIdentifier,
            F::ServiceId => T::FfServiceId,
            F::ServiceExternalId => T::FfServiceExternalId,
            F::ServiceName => T::FfServiceName,
            F::OriginAddress => T::FfOriginAddress,
            F::OriginLatitude => T::FfOriginLatitude,
            F::OriginLongitude => T::FfOriginLongitude,
            F::DestinationAddress => T::FfDestinationAddress,
            F::DestinationLatitude => T::FfDestinationLatitude,
            F::DestinationLongitude => T::FfDestinationLongitude,
            F::ScheduledDate => T::FfScheduledDate,
            F::ScheduledEndDate => T::FfScheduledEndDate,
            F::ScheduledTime => T::FfScheduledTime,
            F::UserPhone => T::FfUserPhone,
            F::RequestedAt => T::FfRequestedAt,
            F::CurrentStatus => T::FfCurrentStatus,
            F::ExternalId => T::FfExternalId,
            F::Source => T::FfSource,
            F::ContactCenterPhone => T::FfContactCenterPhone,
            F::ProviderName => T::FfProviderName,
            F::ProviderPhone => T::FfProviderPhone,
            F::TechnicianName => T::FfTechnicianName,
            F::ExtraInfo => T::FfExtraInfo,
        }
    }

    /// A hint shown under the form while the field has the focus.
    pub fn hint(self) -> Option<T> {
        Some(match self {
            F::OriginLatitude | F::DestinationLatitude => T::FhLatitude,
            F::OriginLongitude | F::DestinationLongitude => T::FhLongitude,
            F::ScheduledDate | F::ScheduledEndDate => T::FhDate,
            F::ScheduledTime => T::FhTime,
            F::UserPhone | F::ContactCenterPhone | F::ProviderPhone => T::FhPhone,
            F::RequestedAt => T::FhRequestedAt,
            F::ExternalId => T::FhExternalId,
            F::ContractId => T::FhContractId,
            F::ServiceId | F::ServiceExternalId => T::FhService,
            _ => return None,
        })
    }

    /// True when a create keeps it in the collapsed "advanced" section.
    pub fn is_advanced(self) -> bool {
        ADVANCED.contains(&self)
    }

    /// True when an update may change it (CONTRACT.md).
    pub fn updatable(self) -> bool {
        UPDATABLE_FIELDS.contains(&self.key())
    }

    pub(super) fn is_phone(self) -> bool {
        matches!(
            self,
            F::UserPhone | F::ContactCenterPhone | F::ProviderPhone
        )
    }
}
