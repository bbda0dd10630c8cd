"""Test doubles and small data builders for the centre finder's tests."""
