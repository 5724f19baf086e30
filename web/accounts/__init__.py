"""Accounts on the site: signing in (with a new session id each time) and signing out."""
