@failing
Feature: Scratch failures
  Scenarios that fail on purpose; the adapter tests run them one by one and check how they fail.

  Scenario: A step that throws
    Given a step that throws "the lab is on fire"
    Then the result should be 0

  Scenario: An expectation that never holds
    Then the counter reaches 3 within 1 second

  Scenario: An undefined step
    Given a step nobody has written yet

  Scenario: A pending step
    Given a step that is still pending

  @problem-at-end
  Scenario: Steps that pass but a problem found at the end
    Given a step that passes
