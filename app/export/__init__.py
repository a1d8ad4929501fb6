"""The trial's data out: CDISC SDTM datasets (DM, EX, EC, DS, AE, LB, VS, SV) and the dose-intensity figures.

Pure: `records` holds the plain facts the services read from the database, `terms` the one table turning
DoseDesk's stored codes and words into CDISC controlled terms, `sdtm` the SDTMIG 3.4 variables and the rows of
each domain, `writers` the files (SAS transport v5, Dataset-JSON v1.1, CSV, a define-style HTML summary) and
`intensity` the planned and delivered dose intensity per subject. No Qt, no SQLAlchemy here.
"""
