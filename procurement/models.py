# Government purchase of services: built by a later issue.
