@topology:ha @etcd @consistency
Feature: etcd losing quorum stops writes but loses nothing

  Scenario: Writes fail while quorum is lost and every acknowledged write survives
    Given a running "ha" cluster
    And I keep writing config maps through the API every 100 ms
    When I stop a majority of the etcd members
    Then API writes fail with a server error within 10 seconds
    When I restart the stopped etcd members
    Then an API write succeeds within the etcd-restart bound
    And etcd has a leader within 10 seconds
    And every acknowledged write is still readable
    And no read returned an older value than a previous read
