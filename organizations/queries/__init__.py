"""Reads of the `organizations` app, scoped by who asks; one module per part of the domain.

- registration.py: organisations, their applications, standing and incubations.
- people.py: social workers, training, coordinators, volunteers and branches.
"""
