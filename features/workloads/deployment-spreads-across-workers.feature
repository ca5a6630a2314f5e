@workloads @topology:ha
Feature: A deployment is scheduled across the workers
  The scheduler spreads a ReplicaSet's pods over the nodes that can run them, and the
  deployment controller converges on scale in both directions.

  Scenario: Six replicas spread over three workers and follow scaling
    Given a running "ha" cluster
    And a deployment "web" of 6 "chaoslab/echo" pods is available
    Then the pods of "web" run on at least 3 nodes
    And no node runs more than 3 pods of "web"
    When I scale the deployment "web" to 2 pods
    Then the deployment "web" has 2 available pods within 20 seconds
    When I scale the deployment "web" to 6 pods
    Then the deployment "web" has 6 available pods within 30 seconds
