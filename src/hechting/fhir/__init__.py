"""HL7 FHIR R4 (4.0.1) JSON for Hechting: the questionnaires, the adaptive ECR over SDC's
`$next-question`, and results as Observations. Plain dicts built by small functions; the tests
validate every resource with fhir.resources' R4B models. See docs/fhir.md."""
