@topology:ha @etcd
Feature: etcd tolerates the loss of a member
  Three members keep a quorum of two: a lost follower changes nothing for clients, a lost
  leader costs one election.

  Background:
    Given a running "ha" cluster
    And I keep writing config maps through the API every 100 ms

  Scenario: Killing a follower does not interrupt writes
    When I kill an etcd follower
    Then etcd has a leader within 5 seconds
    And an API write succeeds within the api-failover bound
    And the number of healthy etcd members is 3 within 30 seconds
    And the API availability was at least 90 percent
    And every acknowledged write is still readable

  Scenario: Killing the leader costs one election and writes resume
    When I kill the etcd leader
    Then etcd has a new leader within the election bound
    And an API write succeeds within the api-failover bound
    And the number of healthy etcd members is 3 within 30 seconds
    And every acknowledged write is still readable
    And no read returned an older value than a previous read
