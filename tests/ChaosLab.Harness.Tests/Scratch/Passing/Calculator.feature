@smoke @calculator
Feature: Scratch calculator
  Proves bindings, hooks, context injection, backgrounds, outlines, tables and doc strings.

  Background:
    Given the calculator is cleared

  Scenario: Adding two numbers
    Given I have entered 50 into the calculator
    And I have entered 70 into the calculator
    When I press add
    Then the result should be 120

  @topology:ha
  Scenario Outline: Adding <a> and <b>
    Given I have entered <a> into the calculator
    * I have entered <b> into the calculator
    When I press add
    Then the result should be <sum>
    But the result should not be 0

    @examples-tag
    Examples:
      | a  | b | sum |
      | 1  | 2 | 3   |
      | 10 | 5 | 15  |

  Scenario Outline: Greeting <name>
    Given the display shows
      """
      hello <name>
      """
    And I have entered these numbers:
      | number |
      | <n>    |
      | 1      |
    When I press add
    Then the display text is "hello <name>"
    And the result should be <total>

    Examples:
      | name  | n | total |
      | alice | 1 | 2     |
      | alice | 2 | 3     |

  @ignore
  Scenario: A scenario that is ignored
    Given a step that throws "this scenario is ignored and must not run"
