@networking
Feature: A Service balances over its ready pods only
  kube-proxy spreads connections to a ClusterIP over every ready endpoint, and a pod that
  fails its readiness probe leaves the endpoints until it is ready again.

  Background:
    Given a running "single" cluster
    And a deployment "web" of 4 "chaoslab/echo" pods behind the service "web"

  Scenario: Requests from inside the cluster reach several pods
    Then the service "web" answers from inside the cluster
    And 40 requests to the service "web" reach at least 3 distinct pods

  Scenario: An unready pod leaves the endpoints and comes back when ready
    Given a pod "extra" of "chaoslab/echo" behind the service "web"
    And the endpoints of "web" contain the pod "extra" within 10 seconds
    When the pod "extra" turns unready
    Then the endpoints of "web" omit the pod "extra" within 5 seconds
    And 30 requests to the service "web" never reach the pod "extra"
    When the pod "extra" turns ready again
    Then the endpoints of "web" contain the pod "extra" within 5 seconds
