"""The REFI-QDA documents' structure as XML Schema, written for this app from the standard's layout.

The REFI consortium publishes ``Project-mrt2019.xsd`` and ``Codebook-mrt2019.xsd``; neither ships
in any package this project can install, so these schemas are derived: element names, order,
namespaces and the attribute types (GUIDs, #RRGGBB colours, integers, dates) follow the standard's
project (``urn:QDA-XML:project:1.0``) and codebook (``urn:QDA-XML:codebook:1.0``) documents. They
are strict for what this app writes and reads (users, the codebook, PDF sources with their
selections and codings, notes) and accept the standard's other sections (cases, variables, sets,
links, graphs; text, picture, audio and video sources) without looking inside them, so a project
from QualCoder, ATLAS.ti, MAXQDA or NVivo holding those is not refused for them.
"""

from __future__ import annotations

_COMMON = """
  <xs:simpleType name="GUIDType">
    <xs:restriction base="xs:token">
      <xs:pattern value="[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"/>
      <xs:pattern value="\\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\}"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="RGBType">
    <xs:restriction base="xs:token">
      <xs:pattern value="#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:complexType name="CodeType">
    <xs:sequence>
      <xs:element name="Description" type="xs:string" minOccurs="0"/>
      <xs:element name="NoteRef" type="RefType" minOccurs="0" maxOccurs="unbounded"/>
      <xs:element name="Code" type="CodeType" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
    <xs:attribute name="guid" type="GUIDType" use="required"/>
    <xs:attribute name="name" type="xs:string" use="required"/>
    <xs:attribute name="isCodable" type="xs:boolean" use="required"/>
    <xs:attribute name="color" type="RGBType"/>
  </xs:complexType>
  <xs:complexType name="CodesType">
    <xs:sequence>
      <xs:element name="Code" type="CodeType" maxOccurs="unbounded"/>
    </xs:sequence>
  </xs:complexType>
  <xs:complexType name="RefType">
    <xs:attribute name="targetGUID" type="GUIDType" use="required"/>
  </xs:complexType>
  <!-- A section this app neither writes nor reads: any content of the standard's namespace. -->
  <xs:complexType name="OpaqueType">
    <xs:sequence>
      <xs:any namespace="##targetNamespace" processContents="skip" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
    <xs:anyAttribute processContents="skip"/>
  </xs:complexType>
"""

CODEBOOK_XSD = f"""<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="urn:QDA-XML:codebook:1.0"
           targetNamespace="urn:QDA-XML:codebook:1.0" elementFormDefault="qualified">
  <xs:element name="CodeBook">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="Codes" type="CodesType"/>
        <xs:element name="Sets" type="OpaqueType" minOccurs="0"/>
      </xs:sequence>
      <xs:attribute name="origin" type="xs:string"/>
    </xs:complexType>
  </xs:element>
{_COMMON}
</xs:schema>
"""

PROJECT_XSD = f"""<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="urn:QDA-XML:project:1.0"
           targetNamespace="urn:QDA-XML:project:1.0" elementFormDefault="qualified">
  <xs:element name="Project">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="Users" minOccurs="0">
          <xs:complexType>
            <xs:sequence>
              <xs:element name="User" maxOccurs="unbounded">
                <xs:complexType>
                  <xs:attribute name="guid" type="GUIDType" use="required"/>
                  <xs:attribute name="name" type="xs:string"/>
                  <xs:attribute name="id" type="xs:string"/>
                </xs:complexType>
              </xs:element>
            </xs:sequence>
          </xs:complexType>
        </xs:element>
        <xs:element name="CodeBook" minOccurs="0">
          <xs:complexType>
            <xs:sequence>
              <xs:element name="Codes" type="CodesType"/>
            </xs:sequence>
          </xs:complexType>
        </xs:element>
        <xs:element name="Variables" type="OpaqueType" minOccurs="0"/>
        <xs:element name="Cases" type="OpaqueType" minOccurs="0"/>
        <xs:element name="Sources" minOccurs="0">
          <xs:complexType>
            <xs:choice maxOccurs="unbounded">
              <xs:element name="PDFSource" type="PDFSourceType"/>
              <xs:element name="TextSource" type="OpaqueType"/>
              <xs:element name="PictureSource" type="OpaqueType"/>
              <xs:element name="AudioSource" type="OpaqueType"/>
              <xs:element name="VideoSource" type="OpaqueType"/>
            </xs:choice>
          </xs:complexType>
        </xs:element>
        <xs:element name="Notes" minOccurs="0">
          <xs:complexType>
            <xs:sequence>
              <xs:element name="Note" type="TextSourceType" maxOccurs="unbounded"/>
            </xs:sequence>
          </xs:complexType>
        </xs:element>
        <xs:element name="Links" type="OpaqueType" minOccurs="0"/>
        <xs:element name="Sets" type="OpaqueType" minOccurs="0"/>
        <xs:element name="Graphs" type="OpaqueType" minOccurs="0"/>
        <xs:element name="Description" type="xs:string" minOccurs="0"/>
        <xs:element name="NoteRef" type="RefType" minOccurs="0" maxOccurs="unbounded"/>
      </xs:sequence>
      <xs:attribute name="name" type="xs:string" use="required"/>
      <xs:attribute name="origin" type="xs:string"/>
      <xs:attribute name="creatingUserGUID" type="GUIDType"/>
      <xs:attribute name="creationDateTime" type="xs:dateTime"/>
      <xs:attribute name="modifyingUserGUID" type="GUIDType"/>
      <xs:attribute name="modifiedDateTime" type="xs:dateTime"/>
      <xs:attribute name="basePath" type="xs:string"/>
    </xs:complexType>
  </xs:element>
  <xs:attributeGroup name="Stamps">
    <xs:attribute name="creatingUser" type="GUIDType"/>
    <xs:attribute name="creationDateTime" type="xs:dateTime"/>
    <xs:attribute name="modifyingUser" type="GUIDType"/>
    <xs:attribute name="modifiedDateTime" type="xs:dateTime"/>
  </xs:attributeGroup>
  <xs:complexType name="CodingType">
    <xs:sequence>
      <xs:element name="CodeRef" type="RefType"/>
      <xs:element name="NoteRef" type="RefType" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
    <xs:attribute name="guid" type="GUIDType" use="required"/>
    <xs:attribute name="creatingUser" type="GUIDType"/>
    <xs:attribute name="creationDateTime" type="xs:dateTime"/>
  </xs:complexType>
  <xs:complexType name="TextSourceType">
    <xs:sequence>
      <xs:element name="Description" type="xs:string" minOccurs="0"/>
      <xs:element name="PlainTextContent" type="xs:string" minOccurs="0"/>
      <xs:element name="PlainTextSelection" type="OpaqueType" minOccurs="0" maxOccurs="unbounded"/>
      <xs:element name="Coding" type="CodingType" minOccurs="0" maxOccurs="unbounded"/>
      <xs:element name="NoteRef" type="RefType" minOccurs="0" maxOccurs="unbounded"/>
      <xs:element name="VariableValue" type="OpaqueType" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
    <xs:attribute name="guid" type="GUIDType" use="required"/>
    <xs:attribute name="name" type="xs:string"/>
    <xs:attribute name="richTextPath" type="xs:string"/>
    <xs:attribute name="plainTextPath" type="xs:string"/>
    <xs:attributeGroup ref="Stamps"/>
  </xs:complexType>
  <xs:complexType name="PDFSourceType">
    <xs:sequence>
      <xs:element name="Description" type="xs:string" minOccurs="0"/>
      <xs:element name="PDFSelection" type="PDFSelectionType" minOccurs="0" maxOccurs="unbounded"/>
      <xs:element name="Representation" type="TextSourceType" minOccurs="0"/>
      <xs:element name="Coding" type="CodingType" minOccurs="0" maxOccurs="unbounded"/>
      <xs:element name="NoteRef" type="RefType" minOccurs="0" maxOccurs="unbounded"/>
      <xs:element name="VariableValue" type="OpaqueType" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
    <xs:attribute name="guid" type="GUIDType" use="required"/>
    <xs:attribute name="name" type="xs:string"/>
    <xs:attribute name="path" type="xs:string"/>
    <xs:attribute name="currentPath" type="xs:string"/>
    <xs:attributeGroup ref="Stamps"/>
  </xs:complexType>
  <xs:complexType name="PDFSelectionType">
    <xs:sequence>
      <xs:element name="Description" type="xs:string" minOccurs="0"/>
      <xs:element name="Representation" type="TextSourceType" minOccurs="0"/>
      <xs:element name="Coding" type="CodingType" minOccurs="0" maxOccurs="unbounded"/>
      <xs:element name="NoteRef" type="RefType" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
    <xs:attribute name="guid" type="GUIDType" use="required"/>
    <xs:attribute name="name" type="xs:string"/>
    <xs:attribute name="page" type="xs:integer" use="required"/>
    <xs:attribute name="firstX" type="xs:integer" use="required"/>
    <xs:attribute name="firstY" type="xs:integer" use="required"/>
    <xs:attribute name="secondX" type="xs:integer" use="required"/>
    <xs:attribute name="secondY" type="xs:integer" use="required"/>
    <xs:attributeGroup ref="Stamps"/>
  </xs:complexType>
{_COMMON}
</xs:schema>
"""
